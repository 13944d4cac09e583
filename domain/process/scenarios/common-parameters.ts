import type { ScenarioParameter } from '../scenario.js';

/** The person a people process is about. */
export const person: ScenarioParameter = {
  name: 'personId',
  type: 'person_id',
  required: true,
  title: { pl: 'Pracownik', en: 'Employee' },
};

export const startDate: ScenarioParameter = {
  name: 'startDate',
  type: 'date',
  required: true,
  title: { pl: 'Pierwszy dzień pracy', en: 'First working day' },
};
