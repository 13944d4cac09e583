/** "First page" and "Next page" under a keyset-paged list: shown only when there is somewhere to go. */
export const PageButtons = ({
  cursor,
  nextCursor,
  loading,
  onPage,
  firstLabel,
  nextLabel,
}: {
  /** The cursor of the page shown (undefined: the first page). */
  cursor: string | undefined;
  nextCursor: string | undefined;
  loading: boolean;
  onPage(cursor: string | undefined): void;
  firstLabel: string;
  nextLabel: string;
}) => (
  <p>
    {cursor && (
      <button type="button" onClick={() => onPage(undefined)}>
        {firstLabel}
      </button>
    )}{' '}
    {nextCursor && (
      <button type="button" disabled={loading} onClick={() => onPage(nextCursor)}>
        {nextLabel}
      </button>
    )}
  </p>
);
