import { deviceProjection } from './device/device.projection.js';
import type { AnyProjection } from './projection.js';

/** Every projection the runner keeps up to date (STYLE.md: all registered in one array). */
export const allProjections: readonly AnyProjection[] = [deviceProjection];
