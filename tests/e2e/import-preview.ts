import { expect, type Page } from '@playwright/test';
import { goto } from './helpers';

type ImportFile = Parameters<ReturnType<Page['getByLabel']>['setInputFiles']>[0];

/** Opens an import page, chooses `file` and waits for its preview, whose summary contains `summary`. */
export async function uploadAndPreview(page: Page, path: '/timesheets/import' | '/candidates/import', file: ImportFile, summary: string) {
  await goto(page, path);
  await page.getByLabel('File to import').setInputFiles(file);
  await expect(page.getByTestId('preview-summary')).toContainText(summary);
}
