import type { ComponentType } from 'preact';
import type { ViewProps } from './view.js';

/** One page of the panel: its path pattern, the view, who may open it, and its menu entry if any. */
export interface PanelRoute {
  pattern: string;
  view: ComponentType<ViewProps>;
  roles: readonly string[];
  /** The menu label, in both languages; pages without one (cards) are reached by links. */
  menu?: { en: string; pl: string };
  /** The page spans every company the user serves, so it opens before one is chosen (the queue). */
  acrossTenants?: boolean;
}

/** Every page besides the dashboard at `/`. Each view adds its own entries here. */
export const routes: PanelRoute[] = [];
