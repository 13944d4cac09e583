import type { Scenario } from './scenario.js';
import { accessRequestV1 } from './scenarios/access-request.js';
import { hardwareServiceV1 } from './scenarios/hardware-service.js';
import { offboardingV1 } from './scenarios/offboarding.js';
import { onboardingDeveloperV1, onboardingOfficeV1, onboardingOfficeV2 } from './scenarios/onboarding.js';
import { purchaseRequestV1 } from './scenarios/purchase-request.js';

// The catalogue is data, one file per kind under scenarios/: a published version is never edited, a change
// is a new version, and a running process keeps the steps it was planned with (copied into ProcessStarted).

/** Every published scenario version. */
export const scenarioCatalogue: readonly Scenario[] = [
  onboardingOfficeV1,
  onboardingOfficeV2,
  onboardingDeveloperV1,
  offboardingV1,
  hardwareServiceV1,
  purchaseRequestV1,
  accessRequestV1,
];

/** One version of a scenario, or its latest version when `version` is not given; undefined when unknown. */
export const findScenario = (
  catalogue: readonly Scenario[],
  id: string,
  version?: number,
): Scenario | undefined =>
  catalogue
    .filter((scenario) => scenario.id === id && (version === undefined || scenario.version === version))
    .reduce<Scenario | undefined>(
      (latest, scenario) => (latest && latest.version > scenario.version ? latest : scenario),
      undefined,
    );
