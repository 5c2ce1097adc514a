import { namesOf } from './microsoft-signup.service';

describe('names from a Microsoft display name', () => {
  it('splits the display name into first and last name', () => {
    expect(namesOf('Ada King Lovelace')).toEqual({ firstName: 'Ada', lastName: 'King Lovelace' });
    expect(namesOf(null)).toEqual({ firstName: '', lastName: '' });
  });

  it('drops control, text-direction and unpaired-surrogate characters instead of refusing the signup', () => {
    expect(namesOf('A\u0000da\u202E Love\ud800lace\u200F')).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('cuts at 100 characters without splitting an emoji into a lone surrogate', () => {
    const { firstName } = namesOf(`${'a'.repeat(99)}😀😀`);
    expect(Array.from(firstName)).toHaveLength(100);
    expect(firstName.endsWith('😀')).toBe(true);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(firstName)).toBe(false);
  });

  it('keeps names in NFC', () => {
    expect(namesOf('Zoe\u0301 Smith').firstName).toBe('Zoé');
  });
});
