/** A small set of inline SVG icons (no icon font, nothing fetched). */

const PATHS: Record<string, string> = {
  play: 'M7 5v14l11-7z',
  pause: 'M7 5h4v14H7zM13 5h4v14h-4z',
  step: 'M6 5v14l9-7zM16 5h2v14h-2z',
  next: 'M5 5v14l7-7zM12 5v14l7-7z',
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
  close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z',
  search: 'M10 4a6 6 0 0 1 4.8 9.6l4.8 4.8-1.4 1.4-4.8-4.8A6 6 0 1 1 10 4zm0 2a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
  tag: 'M3 3h8l10 10-8 8L3 11zm4 2.5A1.5 1.5 0 1 0 7 8.5 1.5 1.5 0 0 0 7 5.5z',
  sun: 'M12 7a5 5 0 1 1 0 10 5 5 0 0 1 0-10zM11 1h2v3h-2zM11 20h2v3h-2zM1 11h3v2H1zM20 11h3v2h-3zM4.2 2.8l2.1 2.1-1.4 1.4-2.1-2.1zM17.7 18.1l2.1 2.1-1.4 1.4-2.1-2.1zM2.8 19.8l2.1-2.1 1.4 1.4-2.1 2.1zM18.1 6.3l2.1-2.1 1.4 1.4-2.1 2.1z',
  moon: 'M20 15.5A8.5 8.5 0 0 1 8.5 4a8.5 8.5 0 1 0 11.5 11.5z',
  terminal: 'M3 4h18v16H3zm2 2v12h14V6zm1.5 2.5 3.5 3.5-3.5 3.5-1-1 2.5-2.5-2.5-2.5zM11 15h5v1.5h-5z',
  menu: 'M4 6h16v2H4zM4 11h16v2H4zM4 16h16v2H4z',
  upload: 'M11 16V7.8l-3.3 3.3-1.4-1.4L12 4l5.7 5.7-1.4 1.4L13 7.8V16zM5 18h14v2H5z',
  download: 'M11 4h2v8.2l3.3-3.3 1.4 1.4L12 16l-5.7-5.7 1.4-1.4 3.3 3.3zM5 18h14v2H5z',
  projector: 'M4 6h16v10H4zM2 18h20v2H2zM6 8v6h12V8z',
  wide: 'M3 6h18v12H3zm2 2v8h4V8zm6 0v8h2V8zm4 0v8h4V8z',
  cube: 'M12 2 21 7v10l-9 5-9-5V7zm0 2.3L5.3 8 12 11.7 18.7 8zM5 9.7v6.1l6 3.3v-6.1zm8 9.4 6-3.3V9.7l-6 3.3z',
  warn: 'M12 2 23 21H1zm-1 7v6h2V9zm0 8v2h2v-2z',
  check: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm4.3 5.8L10.5 13.6 7.7 10.8l-1.4 1.4 4.2 4.2 7.2-7.2z',
  help: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 14a1.3 1.3 0 1 0 0 2.6 1.3 1.3 0 0 0 0-2.6zM12 6a4 4 0 0 0-4 4h2a2 2 0 1 1 3 1.7c-1.2.7-2 1.6-2 3.3h2c0-1 .4-1.4 1.3-2A4 4 0 0 0 12 6z',
};

/** An icon by name, sized by the current font. */
export function Icon({ name, title }: { name: keyof typeof PATHS | string; title?: string }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden={title ? undefined : true} role={title ? 'img' : undefined}>
      {title ? <title>{title}</title> : null}
      <path d={PATHS[name] ?? ''} fill="currentColor" />
    </svg>
  );
}
