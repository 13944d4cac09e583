import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api.js';
import { navigate } from '../router.js';

/** A page of a list answer: its rows and the cursor of the next page (absent on the last page). */
export interface ListPage<Row> {
  items: Row[];
  nextCursor?: string;
}

/** An internal link: follows without reloading the page. */
export const Link = ({ href, children }: { href: string; children: ComponentChildren }) => (
  <a
    href={href}
    onClick={(event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(href);
    }}
  >
    {children}
  </a>
);

/** A calendar day (`YYYY-MM-DD`) as a local date, so no time zone moves it to the day before. */
export const day = (value: string) => new Date(`${value}T12:00:00Z`);

/** An answer the page treats as "not there": not found, or a path that could never name anything. */
export const isNotFound = (problem: unknown) =>
  problem instanceof ApiProblem && (problem.status === 404 || problem.status === 400);

export const messageOf = (problem: unknown) => (problem instanceof Error ? problem.message : String(problem));

// Names already read, kept while the panel is open: lists name the same people and devices often.
const names = new Map<string, Promise<string | undefined>>();

const lookup = (key: string, read: () => Promise<string | undefined>) => {
  let known = names.get(key);
  if (!known) {
    known = read().catch(() => undefined);
    names.set(key, known);
  }
  return known;
};

/** Reads a label for each id once (undefined when the caller may not see it); the labels read so far. */
const useLabels = (ids: readonly string[], kind: 'person' | 'device') => {
  const [labels, setLabels] = useState<Record<string, string | undefined>>({});
  const wanted = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let current = true;
    for (const id of wanted ? wanted.split(',') : []) {
      const read =
        kind === 'person'
          ? () =>
              api<{ person: { name: string } }>('GET', `/api/v1/people/${encodeURIComponent(id)}`).then(
                (card) => card.person.name,
              )
          : () =>
              api<{ asset_tag: string }>('GET', `/api/v1/devices/${encodeURIComponent(id)}`).then(
                (card) => card.asset_tag,
              );
      void lookup(`${kind}:${id}`, read).then((label) => {
        if (current) setLabels((known) => ({ ...known, [id]: label }));
      });
    }
    return () => {
      current = false;
    };
  }, [wanted, kind]);
  return labels;
};

/** People's names by id, read from their cards. */
export const usePersonNames = (ids: readonly string[]) => useLabels(ids, 'person');

/** Devices' asset tags by id, read from their cards. */
export const useAssetTags = (ids: readonly string[]) => useLabels(ids, 'device');
