"""What the browser tests do and check in a page; the checks return lists of problems."""

from playwright.sync_api import Page

# What a screen reader and a keyboard user need from every page.
_ACCESSIBILITY_PROBLEMS = """
() => {
  const problems = [];
  const h1s = document.querySelectorAll("h1").length;
  if (h1s !== 1) problems.push(`${h1s} h1 elements`);
  if (!document.documentElement.lang) problems.push("no <html lang>");
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const describedBy = (el) => (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
  for (const field of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset", "image"].includes(field.type) || !visible(field)) continue;
    const name = field.name || field.id || field.outerHTML;
    const label = [...field.labels].map((l) => l.textContent.trim()).join(" ")
      || field.getAttribute("aria-label") || field.getAttribute("aria-labelledby");
    if (!label) problems.push(`field ${name} has no label`);
    for (const id of describedBy(field)) {
      if (!document.getElementById(id)) problems.push(`field ${name}: aria-describedby names missing #${id}`);
    }
  }
  // Every list of field errors is announced with its field.
  for (const errors of document.querySelectorAll("ul.errorlist:not(.nonfield)")) {
    // Hidden inputs (a field's shown value, show_hidden_initial) are not read out: left aside.
    const fields = errors.id ? [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
      .filter((f) => describedBy(f).includes(errors.id)) : [];
    if (fields.length === 0) problems.push(`errors "${errors.textContent.trim()}" are tied to no field`);
    for (const field of fields) {
      if (field.getAttribute("aria-invalid") !== "true") problems.push(`field ${field.name} not aria-invalid`);
    }
  }
  for (const field of document.querySelectorAll("[aria-invalid=true]")) {
    if (!describedBy(field).some((id) => document.getElementById(id)?.classList.contains("errorlist"))) {
      problems.push(`invalid field ${field.name} does not point at its errors`);
    }
  }
  return problems;
}
"""

# Only the tags and attributes posts/sanitize.py allows, and links that cannot run script.
_UNSAFE_MARKUP = """
([selector, tags]) => {
  const allowed = new Set(tags);
  const problems = [];
  const roots = document.querySelectorAll(selector);
  if (roots.length === 0) problems.push(`nothing matches ${selector}`);
  for (const root of roots) {
    for (const el of root.querySelectorAll("*")) {
      const tag = el.tagName.toLowerCase();
      if (!allowed.has(tag)) problems.push(`<${tag}> in ${selector}`);
      for (const attr of el.attributes) {
        const ok = tag === "a" && ["href", "title", "rel"].includes(attr.name);
        if (!ok) problems.push(`<${tag} ${attr.name}="${attr.value}"> in ${selector}`);
      }
      if (tag === "a" && el.hasAttribute("href") && !["http:", "https:", "mailto:"].includes(el.protocol)) {
        problems.push(`link to ${el.protocol} in ${selector}`);
      }
    }
  }
  return problems;
}
"""

# Anywhere in the document: no event handler attribute and no link or frame that runs script.
_SCRIPT_HOOKS = """
() => {
  const problems = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) problems.push(`<${el.tagName} ${attr.name}>`);
    }
  }
  for (const el of document.querySelectorAll("[href], [src], [action], [formaction], [data]")) {
    for (const name of ["href", "src", "action", "formaction", "data"]) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const scheme = value.replace(/[\\u0000-\\u0020]/g, "").split(":")[0].toLowerCase();
      if (["javascript", "vbscript", "data"].includes(scheme)) problems.push(`<${el.tagName} ${name}="${value}">`);
    }
  }
  const scripts = [...document.scripts].filter((s) => !s.src || !s.src.startsWith(location.origin + "/static/"));
  for (const script of scripts) problems.push(`<script> ${script.outerHTML.slice(0, 80)}`);
  for (const el of document.querySelectorAll("iframe, object, embed, frame, base, meta[http-equiv]")) {
    problems.push(`<${el.tagName}>`);
  }
  return problems;
}
"""

POST_TAGS = ["p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a"]


def accessibility_problems(page: Page) -> list[str]:
    return page.evaluate(_ACCESSIBILITY_PROBLEMS)


def unsafe_markup(page: Page, selector: str, tags: list[str]) -> list[str]:
    """Elements in `selector` beyond `tags` (with no attributes but a link's href, title, rel)."""
    return page.evaluate(_UNSAFE_MARKUP, [selector, tags])


def script_hooks(page: Page) -> list[str]:
    return page.evaluate(_SCRIPT_HOOKS)


def log_in(page: Page, username: str, password: str) -> None:
    """Log in through the login form, as a keyboard user would: type, Tab, type, Enter."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url("/")
