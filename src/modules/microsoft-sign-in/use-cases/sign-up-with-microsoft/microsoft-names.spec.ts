import { namesOf } from './sign-up-with-microsoft.service';

describe('names from a Microsoft display name', () => {
  it('splits the display name into first and last name', () => {
    expect(namesOf('Ada King Lovelace')).toEqual({ firstName: 'Ada', lastName: 'King Lovelace' });
    expect(namesOf(null)).toEqual({ firstName: '', lastName: '' });
  });

  it('drops control, text-direction and unpaired-surrogate characters instead of refusing the signup', () => {
    expect(namesOf('A\u0000da\u202E Love\ud800lace\u200F')).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('cuts at the 100 UTF-16 units typed names may have, without splitting an emoji into a lone surrogate', () => {
    expect(namesOf(`${'a'.repeat(99)}😀😀`).firstName).toBe('a'.repeat(99));
    expect(namesOf(`${'a'.repeat(98)}😀😀`).firstName).toBe(`${'a'.repeat(98)}😀`);
    expect(namesOf('😀'.repeat(80)).firstName).toBe('😀'.repeat(50));
  });

  it('keeps names in NFC', () => {
    expect(namesOf('Zoe\u0301 Smith').firstName).toBe('Zoé');
  });
});
