/** The personal fields of one event type, all about one person. */
export interface PersonalFields {
  /** The data field holding the id of the person the fields are about. */
  subject: string;
  /** The data fields that are personal data of that person (strings, or null where the schema allows it). */
  fields: readonly string[];
  /**
   * What each field reads as once the person's data is erased: values that still satisfy the event's JSON
   * Schema, so erased history validates and folds like any other.
   */
  erased: (personId: string) => Readonly<Record<string, string | null>>;
}

/** Which event fields are a person's personal data, and which event erases them. */
export interface PersonalDataCatalogue {
  /** By event type. */
  events: Readonly<Record<string, PersonalFields>>;
  /** The event that records an erasure, and the data field naming the erased person. */
  erasure: { type: string; subject: string };
}

/** The name an erased person is shown under. */
export const erasedPersonName = 'Erased person';
/** A per-person address in the reserved `.invalid` domain (RFC 2606): unique, valid, and never deliverable. */
export const erasedPersonEmail = (personId: string) => `erased-${personId.toLowerCase()}@erased.invalid`;

const name = () => ({ name: erasedPersonName });
const email = (personId: string) => ({ email: erasedPersonEmail(personId) });
/**
 * An erased phone number and notes read as none (null, as when a change removed them): any text in their
 * place could be dialled or taken for something said about the person.
 */
const phoneAndNotes = () => ({ phone: null, notes: null });

/**
 * A person's personal data in the events (GDPR/RODO): their name, e-mail address, work phone number and the
 * notes about them. Department, cost centre, dates, accesses and devices are facts about the employment, not
 * about who the person is; they stay readable after an erasure so that costs and device history still add up.
 */
export const personalDataCatalogue: PersonalDataCatalogue = {
  events: {
    PersonRegistered: {
      subject: 'personId',
      fields: ['name', 'email', 'phone', 'notes'],
      erased: (personId) => ({ ...name(), ...email(personId), ...phoneAndNotes() }),
    },
    PersonDetailsChanged: {
      subject: 'personId',
      fields: ['name', 'phone', 'notes'],
      erased: () => ({ ...name(), ...phoneAndNotes() }),
    },
    PersonEmailReserved: { subject: 'personId', fields: ['email'], erased: email },
    PersonEmailReleased: { subject: 'personId', fields: ['email'], erased: email },
  },
  erasure: { type: 'PersonalDataErased', subject: 'personId' },
};
