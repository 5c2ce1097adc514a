/**
 * The pages' icon: a person with a plus (an invitation to join), in the header's navy. SVG, so one
 * small file is sharp at every size; served as a hashed asset (assets.ts) and at /favicon.ico.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="14" fill="#1b2a41"/>
<circle cx="26" cy="24" r="10" fill="#fff"/>
<path d="M8 54c0-11 8-18 18-18s18 7 18 18z" fill="#fff"/>
<path d="M50 14v20M40 24h20" stroke="#f4b400" stroke-width="6" stroke-linecap="round"/>
</svg>
`;
