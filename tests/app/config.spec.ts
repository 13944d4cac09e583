import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../app/config.js';

describe('configuration from the environment', () => {
  it('uses the defaults when nothing is set', () => {
    expect(loadConfig({})).to.deep.equal({
      PORT: 3000,
      DATA_DIR: '.data',
      LOG_LEVEL: 'info',
      AUDIT_SEAL_INTERVAL_MINUTES: 60,
      AUDIT_REBUILDS_AT_ONCE: 2,
    });
  });

  it('reads every variable it knows and treats empty values as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/panel',
      DATABASE_URL: 'postgres://u:p@db:5432/panel',
      EVENTSTORE_URL: '',
      LOG_LEVEL: 'warn',
      AUDIT_SEAL_INTERVAL_MINUTES: '0',
      AUDIT_REBUILDS_AT_ONCE: '4',
    });
    expect(config).to.deep.equal({
      PORT: 8080,
      DATA_DIR: '/var/lib/panel',
      DATABASE_URL: 'postgres://u:p@db:5432/panel',
      LOG_LEVEL: 'warn',
      AUDIT_SEAL_INTERVAL_MINUTES: 0,
      AUDIT_REBUILDS_AT_ONCE: 4,
    });
  });

  it('refuses wrong values, naming each variable', () => {
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        EVENTSTORE_URL: 'esdb://es:2113',
        LOG_LEVEL: 'loud',
        AUDIT_SEAL_INTERVAL_MINUTES: '-5',
        AUDIT_REBUILDS_AT_ONCE: '0',
      });
    expect(attempt).to.throw(ConfigError, /PORT/);
    expect(attempt).to.throw(ConfigError, /AUDIT_SEAL_INTERVAL_MINUTES/);
    expect(attempt).to.throw(ConfigError, /AUDIT_REBUILDS_AT_ONCE/);
    expect(attempt).to.throw(ConfigError, /LOG_LEVEL/);
    expect(attempt).to.throw(
      ConfigError,
      /DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//,
    );
  });
});
