import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * The built panel (panel/dist): its assets, and index.html for every other page path so the panel's own
 * routes survive a reload. API, documentation and operations paths are never answered with the page.
 * Undefined when the panel has not been built.
 */
export const createPanelFiles = (distDir: string): Router | undefined => {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  // Hashed file names: assets never change under one name, so browsers may keep them.
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '1y' }));
  router.get(/^\/(?!api\/|api$|healthz$|readyz$|metrics$|assets\/).*/, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
};
