import { isAbsoluteUri, isHttpsUrl } from './uri.decorators';

describe('isAbsoluteUri (SAML entity ids)', () => {
  it.each([
    'https://idp.example.com/metadata',
    'http://adfs.example.com/adfs/services/trust',
    'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
    'urn:federation:MicrosoftOnline',
    'urn:amazon:webservices',
    'URN:example:idp',
    'tag:example.com,2026:idp',
    'https://idp.example.com/saml?tenant=a%20b',
    '  https://idp.example.com/metadata  ',
  ])('accepts %j', (value) => {
    expect(isAbsoluteUri(value)).toBe(true);
  });

  it.each([
    '',
    '   ',
    'idp.example.com',
    '/relative/path',
    '//idp.example.com/metadata',
    'https://',
    'https:',
    'https:/idp.example.com/metadata',
    'https:///idp.example.com/metadata',
    'urn:x',
    'urn::nss',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,hi',
    'vbscript:msgbox',
    'https://idp.example.com/a b',
    'https://idp.example.com/\u202emetadata',
    'https://idp.example.com/\u0000',
    'https://idp.example.com/\ud800',
    'https://idp.example.com/%zz',
    'https://bücher.example/metadata',
    '1http://idp.example.com',
  ])('refuses %j', (value) => {
    expect(isAbsoluteUri(value)).toBe(false);
  });
});

describe('isHttpsUrl (SAML single sign-on URLs)', () => {
  it.each(['https://idp.example.com/sso', 'https://idp.example/sso', 'https://login.example.com:8443/saml2?x=1', 'https://localhost/sso'])(
    'accepts %j',
    (value) => {
      expect(isHttpsUrl(value)).toBe(true);
    },
  );

  it.each([
    'http://idp.example.com/sso',
    'ftp://idp.example.com/sso',
    'javascript:alert(1)',
    'not a url',
    'https://',
    'https:///sso',
    'https://user:secret@idp.example.com/sso',
    'https://idp.example.com/s so',
    'https://idp.example.com/\u202esso',
    ' https://idp.example.com/sso',
  ])('refuses %j', (value) => {
    expect(isHttpsUrl(value)).toBe(false);
  });
});
