import { ruleBroken } from './domain-error.js';

/** An amount in minor units (grosz, cents) of an ISO 4217 currency: `{ amount: 129900, currency: 'PLN' }`. */
export interface Money {
  amount: number;
  currency: string;
}

const currencyCode = /^[A-Z]{3}$/;

/** Refuses amounts that are not whole minor units, negative amounts and malformed currency codes. */
export const assertMoney = (money: Money, what: string): Money => {
  if (!Number.isSafeInteger(money.amount) || money.amount < 0) {
    throw ruleBroken('MONEY_INVALID', `${what}: amount must be a whole, non-negative number of minor units`);
  }
  if (!currencyCode.test(money.currency)) {
    throw ruleBroken('MONEY_INVALID', `${what}: currency must be an ISO 4217 code such as PLN or EUR`);
  }
  return money;
};
