import 'server-only';

/** What an e-mail says, before it is laid out as HTML and plain text. */
export interface EmailContent {
  /** The agency it is about; named in the greeting line and the footer. */
  agencyName: string;
  subject: string;
  heading: string;
  /** Plain-text paragraphs (escaped in the HTML part). */
  paragraphs: string[];
  /** One button/link; shown as a plain URL in the text part as well. */
  action?: { label: string; url: string };
  /** Optional list (e.g. documents expiring), one plain-text line each. */
  items?: string[];
  /** Why they got it and what to do about it (e.g. how to switch this kind off). */
  footer: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Line breaks and other control characters in anything we put in an e-mail (a person's name, an agency's, an
 * uploaded file's) become a space: a name cannot add lines of its own (a fake link, a fake signature) or a header.
 */
const oneLine = (value: string) => value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');

function clean(content: EmailContent): EmailContent {
  return {
    agencyName: oneLine(content.agencyName),
    subject: oneLine(content.subject),
    heading: oneLine(content.heading),
    paragraphs: content.paragraphs.map(oneLine),
    action: content.action && { label: oneLine(content.action.label), url: oneLine(content.action.url) },
    items: content.items?.map(oneLine),
    footer: oneLine(content.footer),
  };
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Lays an e-mail out as a plain-text part and a simple HTML part. No images, no remote content, no tracking
 * pixels or redirecting links: every link is the plain address it goes to.
 */
export function renderEmail(raw: EmailContent): RenderedEmail {
  const content = clean(raw);
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.items?.length ? [...content.items.map((i) => `- ${i}`), ''] : []),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    '--',
    `${content.agencyName} · Agency portal`,
    content.footer,
    '',
  ].join('\n');

  const p = (inner: string) => `<p style="margin:0 0 16px 0;line-height:1.5">${inner}</p>`;
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font-family:Arial,Helvetica,sans-serif;color:#0f172a;font-size:15px">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">
<p style="margin:0 0 8px 0;color:#475569;font-size:13px">${escapeHtml(content.agencyName)}</p>
<h1 style="margin:0 0 16px 0;font-size:20px">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map((x) => p(escapeHtml(x))).join('\n')}
${content.items?.length ? `<ul style="margin:0 0 16px 0;padding-left:20px;line-height:1.5">${content.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : ''}
${
  content.action
    ? p(
        `<a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#1e3a8a;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a>`,
      ) + p(`Or paste this address into your browser:<br><span style="word-break:break-all">${escapeHtml(content.action.url)}</span>`)
    : ''
}
<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0 12px 0">
<p style="margin:0;color:#64748b;font-size:12px;line-height:1.5">${escapeHtml(content.agencyName)} · Agency portal<br>${escapeHtml(content.footer)}</p>
</div>
</body>
</html>
`;
  return { subject: content.subject, text, html };
}
