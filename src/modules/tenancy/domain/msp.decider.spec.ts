import { given } from '../../../shared/domain/testing/given-when-then';
import { mspDecider, MspEvent, mspStream } from './msp.decider';

const mspCreated = (mspId: string, name: string): MspEvent => ({ type: 'MspCreated', data: { mspId, name } });

describe('msp decider', () => {
  it('names one stream per MSP', () => {
    expect(mspStream('m1')).toBe('msp-m1');
  });

  it('creates an MSP with a trimmed name', () => {
    const state = given(mspDecider)
      .when({ type: 'CreateMsp', mspId: 'm1', name: '  Contoso IT  ' })
      .then([mspCreated('m1', 'Contoso IT')]);
    expect(state).toEqual({ exists: true, mspId: 'm1', name: 'Contoso IT' });
  });

  it('starts empty', () => {
    expect(given(mspDecider).state).toEqual({ exists: false, mspId: '', name: '' });
  });

  it('refuses to create the same MSP twice (409 msp_exists)', () => {
    given(mspDecider, mspCreated('m1', 'Contoso IT'))
      .when({ type: 'CreateMsp', mspId: 'm1', name: 'Contoso IT' })
      .thenThrows('conflict', 'msp_exists');
  });
});
