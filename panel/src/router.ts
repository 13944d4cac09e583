import { useEffect, useState } from 'preact/hooks';

/** The path the panel shows; links and `navigate` change it without a reload (History API). */
export const useLocation = () => {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const changed = () => setPath(location.pathname + location.search);
    addEventListener('popstate', changed);
    addEventListener('panel:navigate', changed);
    return () => {
      removeEventListener('popstate', changed);
      removeEventListener('panel:navigate', changed);
    };
  }, []);
  return path;
};

export const navigate = (to: string) => {
  history.pushState(null, '', to);
  dispatchEvent(new Event('panel:navigate'));
};

/** Matches `/devices/:deviceId` against a path; the named parts, or undefined. */
export const match = (pattern: string, path: string): Record<string, string> | undefined => {
  const wanted = pattern.split('/');
  const actual = (path.split('?')[0] ?? '').split('/');
  if (wanted.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = actual[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
};
