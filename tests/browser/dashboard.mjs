// Log in to Superset as a user in a real headless Chromium (Debian's), open a dashboard,
// wait for every chart, fail if any shows an error or no data, and save a screenshot.
//
//   SUPERSET_URL=http://127.0.0.1:8088 SUPERSET_USER=executive SUPERSET_PASSWORD=... \
//   DASHBOARD=coverage EXPECTED_CHARTS=8 SCREENSHOT=out.png node dashboard.mjs
//
// Chart data comes from /api/v1/chart/data, or from /superset/explore_json/ for the legacy
// charts (the Country Map of Thailand): both are watched. Superset renders only the charts in
// the viewport (DASHBOARD_VIRTUALIZATION), so the viewport is grown to the whole dashboard
// before the picture (VIEWPORT_HEIGHT is the first guess).
//
// Prints one JSON line with what it saw; exit code 0 only when every chart rendered with data.
import { chromium } from "playwright-core";

const env = process.env;
const base = env.SUPERSET_URL || "http://127.0.0.1:8088";
const dashboard = env.DASHBOARD || "coverage";
const expected = Number(env.EXPECTED_CHARTS || "1");
const screenshot = env.SCREENSHOT || "dashboard.png";
const timeoutMs = Number(env.TIMEOUT_MS || "90000");

const browser = await chromium.launch({
  executablePath: env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
// columns of the native filters that have a default (e.g. the latest month): some chart's
// query must carry each of them, or the charts show every month summed (a stock summed)
const defaultFilters = (env.DEFAULT_FILTER_COLUMNS || "").split(",").filter(Boolean);
const result = { url: null, chartData: [], filteredOn: [], problems: [], consoleErrors: [] };
let exitCode = 1;
try {
  const width = 1600;
  const page = await browser.newPage({
    viewport: { width, height: Number(env.VIEWPORT_HEIGHT || "2600") },
    locale: "th-TH",
  });
  page.on("console", (m) => m.type() === "error" && result.consoleErrors.push(m.text().slice(0, 300)));
  if (env.DUMP_REQUESTS) result.requests = [];
  const filteredOn = (col) => !result.filteredOn.includes(col) && result.filteredOn.push(col);
  page.on("request", (req) => {
    if (req.method() !== "POST") return;
    try {
      if (req.url().includes("/api/v1/chart/data")) {
        if (env.DUMP_REQUESTS) result.requests.push(req.postData());
        for (const q of JSON.parse(req.postData()).queries || []) for (const f of q.filters || []) filteredOn(f.col);
      } else if (req.url().includes("/superset/explore_json/")) {
        // the legacy charts (the map) get the dashboard's filters in their form data, posted
        // as a multipart form (or url-encoded)
        const body = req.postData() || "";
        const part = body.match(/name="form_data"\r\n\r\n([\s\S]*?)\r\n--/);
        const formData = JSON.parse((part ? part[1] : new URLSearchParams(body).get("form_data")) || "{}");
        if (env.DUMP_REQUESTS) result.requests.push(JSON.stringify({ legacy: formData }));
        for (const f of (formData.extra_form_data || {}).filters || []) filteredOn(`${f.col} (map)`);
      }
    } catch (e) {
      // not JSON: nothing to record
    }
  });
  page.on("response", async (resp) => {
    const legacy = resp.url().includes("/superset/explore_json/");
    if (!legacy && !resp.url().includes("/api/v1/chart/data")) return;
    if (resp.request().method() !== "POST") return;
    const entry = { status: resp.status(), rows: null, error: null, legacy };
    try {
      const body = await resp.json();
      if (legacy) {
        entry.rows = [Array.isArray(body.data) ? body.data.length : body.rowcount || 0];
        entry.error = body.error || (body.errors || []).map((e) => e.message).find(Boolean) || null;
      } else {
        entry.rows = (body.result || []).map((r) => r.rowcount);
        entry.error = (body.result || []).map((r) => r.error).find(Boolean) || body.message || null;
      }
    } catch (e) {
      entry.error = `unreadable response: ${e}`;
    }
    result.chartData.push(entry);
  });

  // 1. the login form
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${base}/login/`, { waitUntil: "domcontentloaded" });
    await page.locator("input#username, input[name=username]").first().fill(env.SUPERSET_USER);
    await page.locator("input#password, input[name=password]").first().fill(env.SUPERSET_PASSWORD);
    await page.locator("button[type=submit], input[type=submit]").first().click();
    try {
      await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 15000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw new Error(`login as ${env.SUPERSET_USER} failed 3 times`);
    }
  }

  // 2. the dashboard: wait until every chart's data request has answered
  await page.goto(`${base}/superset/dashboard/${dashboard}/`, { waitUntil: "domcontentloaded" });
  result.url = page.url();
  const deadline = Date.now() + timeoutMs;
  while (result.chartData.length < expected && Date.now() < deadline) {
    await page.waitForTimeout(250);
  }
  // let the charts paint (spinners gone, animations done)
  await page
    .waitForFunction(() => document.querySelectorAll(".loading, [data-test=loading-indicator]").length === 0, null, {
      timeout: 30000,
    })
    .catch(() => result.problems.push("charts still loading after 30 s"));
  await page.waitForTimeout(1500);
  // grow the viewport to the whole dashboard, then let the charts that came into view paint
  const fullHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  if (fullHeight > page.viewportSize().height) {
    await page.setViewportSize({ width, height: fullHeight + 40 });
    await page.waitForTimeout(2500);
    await page
      .waitForFunction(() => document.querySelectorAll(".loading, [data-test=loading-indicator]").length === 0, null, {
        timeout: 30000,
      })
      .catch(() => result.problems.push("charts still loading after the resize"));
    await page.waitForTimeout(1500);
  }
  result.height = page.viewportSize().height;

  // 3. the picture, then what the page shows: checked after the capture, so that what is
  // checked is what was photographed (a full-page capture resizes the viewport and Superset
  // may re-render its charts blank: the viewport is made tall enough instead).
  await page.screenshot({ path: screenshot });
  const dom = await page.evaluate(() => {
    const holders = [...document.querySelectorAll("[data-test=dashboard-component-chart-holder]")];
    return holders.filter((h) => h.querySelector("[data-test=slice-header], .slice_container")).map((h) => {
      const title = (h.querySelector("[data-test=editable-title], .header-title, [data-test=slice-header]") || {})
        .textContent;
      const text = h.innerText || "";
      const error = h.querySelector("[data-test=alert], .ant-alert-error, [role=alert]");
      const empty = /No results|No data|ไม่มีข้อมูล/i.test(text) || !!h.querySelector(".ant-empty");
      const drawn = !!h.querySelector("canvas, svg, table, .big_number, .superset-legacy-chart-big-number");
      // the map of Thailand: provinces filled from the metric (not left blank)
      const map = h.querySelector(".superset-legacy-chart-country-map");
      const filled = map
        ? [...map.querySelectorAll("path")].filter((p) => !["none", ""].includes(getComputedStyle(p).fill)).length
        : null;
      return {
        title: (title || "").trim().slice(0, 80),
        error: error ? error.innerText.slice(0, 200) : null,
        empty,
        drawn,
        map: !!map,
        filled,
      };
    });
  });
  result.charts = dom;
  if (dom.length < expected) result.problems.push(`found ${dom.length} charts on the page, expected ${expected}`);
  if (result.chartData.length < expected)
    result.problems.push(`only ${result.chartData.length} chart-data responses, expected ${expected}`);
  for (const col of defaultFilters)
    if (!result.filteredOn.includes(col)) result.problems.push(`the default of the filter on ${col} was never applied`);
  for (const c of result.chartData) {
    if (c.status !== 200) result.problems.push(`chart data HTTP ${c.status}: ${c.error}`);
    else if (c.error) result.problems.push(`chart data error: ${c.error}`);
    else if (!c.rows || c.rows.some((n) => !n)) result.problems.push(`chart data without rows: ${JSON.stringify(c.rows)}`);
  }
  for (const c of dom) {
    if (c.error) result.problems.push(`chart "${c.title}" shows an error: ${c.error}`);
    if (c.empty) result.problems.push(`chart "${c.title}" shows no data`);
    if (!c.drawn) result.problems.push(`chart "${c.title}" drew nothing`);
    if (c.map && !c.filled) result.problems.push(`map "${c.title}" coloured no province`);
  }
  exitCode = result.problems.length ? 1 : 0;
} catch (e) {
  result.problems.push(`browser run failed: ${e.stack || e}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(exitCode);
