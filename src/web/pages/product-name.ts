import { DEFAULT_PRODUCT_NAME } from '../../config/app-config';

/**
 * What the pages call the product (PRODUCT_NAME). The views are plain functions called from
 * several controllers, so instead of passing the configuration through each of them, PagesModule
 * sets it once when the application is built; the name is per process, like the configuration.
 */
let current = DEFAULT_PRODUCT_NAME;

export function setProductName(name: string): void {
  current = name;
}

export function productName(): string {
  return current;
}
