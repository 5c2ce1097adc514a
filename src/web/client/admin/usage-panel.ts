import { getJson } from '../shared/api';
import { el, enc, requiredIn } from '../shared/dom';
import type { InviteLink, InviteLinkStats, Role } from './api-types';
import { messageOf } from './page-status';
import { barInset, barLabel, chartLayout, chartSummary, dayFormatter, joinsByMethod, nextBar } from './usage-chart';

/** The days the panel shows: a month, the API's default. */
export const USAGE_DAYS = 30;
const SVG = 'http://www.w3.org/2000/svg';
const CHART_HEIGHT = 180;
/** Below this the chart would be unreadable; the panel scrolls it instead of squeezing it. */
const MIN_CHART_WIDTH = 280;

export interface UsagePanel {
  /** Reads the stats and the link once the tenant's roles are known (they name the default role). */
  load(roles: readonly Role[]): Promise<void>;
  /** The link's state at a glance, again after the Invite Link dialog changed it. */
  showLink(link: InviteLink): void;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

function fact(list: HTMLElement, term: string, value: string): void {
  list.appendChild(el('dt', term));
  list.appendChild(el('dd', value));
}

/**
 * The usage panel of /admin/tenants/:id/users: joins per day as a bar chart drawn here as inline
 * SVG (no library, nothing from elsewhere: the CSP allows only this origin's scripts and styles,
 * so every colour comes from a class in app.css and nothing sets a style attribute), joins by
 * method and role, and the link's state. The chart's text alternative is the summary sentence it
 * is labelled by and a visually hidden table of every day; the bars take the focus one at a
 * time (arrow keys, Home, End) and say their numbers in the readout below.
 */
export function usagePanel(root: HTMLElement, tenantId: string): UsagePanel {
  const panel = requiredIn(root, '[data-usage-panel]');
  const status = requiredIn(panel, '[data-usage-status]');
  const body = requiredIn(panel, '[data-usage-body]');
  const summary = requiredIn(panel, '[data-usage-summary]');
  const chart = requiredIn(panel, '[data-usage-chart]');
  const readout = requiredIn(panel, '[data-usage-readout]');
  const tableBody = requiredIn(panel, '[data-usage-days]');
  const linkFacts = requiredIn(panel, '[data-usage-link]');
  const methodFacts = requiredIn(panel, '[data-usage-methods]');
  const roleRows = requiredIn(panel, '[data-usage-roles]');
  const formatDay = dayFormatter();
  let roleNames = new Map<string, string>();
  let stats: InviteLinkStats | null = null;
  /** The bar that holds the tab stop, kept when the chart is redrawn at another width. */
  let selected = -1;

  const draw = (): void => {
    if (!stats) return;
    const data = stats;
    const hadFocus = chart.contains(document.activeElement);
    const width = Math.max(MIN_CHART_WIDTH, Math.floor(chart.clientWidth));
    const layout = chartLayout(data.days, width, CHART_HEIGHT);
    const { plot } = layout;
    const picture = svg('svg', { width, height: CHART_HEIGHT, viewBox: `0 0 ${width} ${CHART_HEIGHT}`, role: 'group', class: 'usage-svg' });
    picture.setAttribute('aria-labelledby', summary.id);
    for (const tick of layout.ticks) {
      const y = plot.bottom - ((plot.bottom - plot.top) * tick) / layout.top;
      picture.appendChild(svg('line', { x1: plot.left, x2: plot.right, y1: y, y2: y, class: tick === 0 ? 'usage-axis' : 'usage-gridline', 'aria-hidden': 'true' }));
      const label = svg('text', { x: plot.left - 6, y: y + 4, 'text-anchor': 'end', class: 'usage-tick', 'aria-hidden': 'true' });
      label.textContent = String(tick);
      picture.appendChild(label);
    }
    // The first and the last day under the axis: enough to read the window, never crowded.
    const ends = [layout.bars[0], layout.bars[layout.bars.length - 1]];
    ends.forEach((bar, i) => {
      const label = svg('text', { x: i === 0 ? bar.x : bar.x + bar.width, y: CHART_HEIGHT - 6, 'text-anchor': i === 0 ? 'start' : 'end', class: 'usage-tick', 'aria-hidden': 'true' });
      label.textContent = formatDay(bar.day);
      picture.appendChild(label);
    });
    const columns: SVGGElement[] = [];
    layout.bars.forEach((bar, i) => {
      const day = data.days[i];
      const column = svg('g', { class: 'usage-column', role: 'img', tabindex: -1, 'data-day': day.day });
      column.setAttribute('aria-label', barLabel(day, formatDay));
      // Full height, so that a day without joins can be pointed at and focused too.
      column.appendChild(svg('rect', { x: bar.x, y: plot.top, width: bar.width, height: plot.bottom - plot.top, class: 'usage-hit' }));
      const inset = barInset(bar);
      if (bar.password.height > 0) column.appendChild(svg('rect', { ...inset, y: bar.password.y, height: bar.password.height, class: 'usage-bar password' }));
      if (bar.microsoft.height > 0) column.appendChild(svg('rect', { ...inset, y: bar.microsoft.y, height: bar.microsoft.height, class: 'usage-bar microsoft' }));
      column.addEventListener('focus', () => select(i));
      column.addEventListener('mouseenter', () => (readout.textContent = barLabel(day, formatDay)));
      column.addEventListener('click', () => column.focus());
      columns.push(column);
      picture.appendChild(column);
    });
    picture.addEventListener('keydown', (event) => {
      const next = nextBar(event.key, selected, columns.length);
      if (next === undefined) return;
      event.preventDefault();
      columns[next].focus();
    });

    const select = (i: number): void => {
      if (columns[selected]) columns[selected].setAttribute('tabindex', '-1');
      selected = i;
      columns[i].setAttribute('tabindex', '0');
      columns.forEach((column, j) => column.classList.toggle('selected', j === i));
      readout.textContent = barLabel(data.days[i], formatDay);
    };
    // The tab stop starts on today, the newest day.
    if (selected < 0 || selected >= columns.length) selected = columns.length - 1;
    columns[selected].setAttribute('tabindex', '0');
    chart.textContent = '';
    chart.appendChild(picture);
    // A redraw (the window was resized) must not drop a keyboard user's place.
    if (hadFocus) columns[selected].focus();
  };

  const showStats = (data: InviteLinkStats): void => {
    stats = data;
    summary.textContent = chartSummary(data, formatDay);
    tableBody.textContent = '';
    for (const day of data.days) {
      const row = el('tr');
      const head = el('th', formatDay(day.day));
      head.setAttribute('scope', 'row');
      row.appendChild(head);
      for (const value of [day.joins, day.byMethod.password, day.byMethod.microsoft]) row.appendChild(el('td', value));
      tableBody.appendChild(row);
    }
    const methods = joinsByMethod(data);
    methodFacts.textContent = '';
    fact(methodFacts, 'Password', String(methods.password));
    fact(methodFacts, 'Microsoft', String(methods.microsoft));
    roleRows.textContent = '';
    if (data.totals.byRole.length === 0) {
      const row = el('tr');
      const cell = el('td', 'No joins yet.');
      cell.colSpan = 2;
      row.appendChild(cell);
      roleRows.appendChild(row);
    }
    for (const role of data.totals.byRole) {
      const row = el('tr');
      row.setAttribute('data-role-id', role.roleId);
      row.appendChild(el('td', role.roleName));
      row.appendChild(el('td', role.joins));
      roleRows.appendChild(row);
    }
  };

  const showLink = (link: InviteLink): void => {
    linkFacts.textContent = '';
    const on = Boolean(link.enabled);
    const state = !on ? 'Off' : link.available === false ? `On, but not available: ${link.unavailableReason || 'unavailable'}` : 'On';
    fact(linkFacts, 'Status', state);
    fact(linkFacts, 'Default role', link.defaultRoleId ? roleNames.get(link.defaultRoleId) || link.defaultRoleId : 'None chosen');
    const domains = (link.allowedDomains ?? []).length;
    fact(linkFacts, 'Allowed domains', domains === 0 ? 'Any domain' : String(domains));
  };

  let resizeTimer: number | undefined;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(draw, 150);
  });

  return {
    showLink,
    async load(roles) {
      roleNames = new Map(roles.map((role) => [role.id, role.name]));
      try {
        const base = `/api/v1/tenants/${enc(tenantId)}/invite-link`;
        const [data, link] = await Promise.all([getJson<InviteLinkStats>(`${base}/stats?days=${USAGE_DAYS}`), getJson<InviteLink>(base)]);
        showStats(data);
        showLink(link);
        status.textContent = '';
        status.hidden = true;
        body.hidden = false;
        // Drawn once visible: the chart takes the width its box has.
        draw();
      } catch (error) {
        // The users table is what the page is for: a panel that cannot load says so and nothing more.
        status.textContent = `Could not load the usage: ${messageOf(error)}`;
      }
    },
  };
}
