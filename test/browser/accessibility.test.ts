import { accessibilityProblems, expectAccessible } from '../support/accessibility';
import { DESKTOP, PHONE, useAppAndBrowser } from '../support/browser';

/**
 * axe-core on every page of the product, at 1440 px and 375 px. The checker itself is checked
 * first: on a page with known faults it must report them, so a green run means something.
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser();

describe('the accessibility check itself', () => {
  it('reports serious problems on a page that has them: an image without text, a nameless button, an unlabelled field', async () => {
    const { page } = await session.page(DESKTOP);
    await page.setContent(
      '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<button></button><input type="text"></main></body></html>',
    );
    const rules = (await accessibilityProblems(page)).map((problem) => problem.rule).sort();
    expect(rules).toEqual(expect.arrayContaining(['button-name', 'image-alt', 'label']));
    await expect(expectAccessible(page, 'the broken page')).rejects.toThrow(/Accessibility problems on the broken page:\n- critical/);
  });
});

describe('public pages', () => {
  it.each([
    ['/sign-in', 200],
    ['/terms', 200],
    ['/privacy', 200],
    ['/join/not-a-real-token-000000000000000000000', 404],
  ])('%s has no serious or critical problems at 1440 and 375 px', async (path, status) => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page } = await session.page(viewport);
      const response = await page.goto(path);
      expect(response?.status()).toBe(status);
      await expectAccessible(page, `${path} at ${viewport.width} px`);
      await page.context().close();
    }
  });
});
