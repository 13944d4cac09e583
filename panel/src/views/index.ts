// Each view module registers its pages in routes.ts when imported.
import './devices.js';
import './people.js';
import './tickets.js';
import './processes.js';
import './audit-log.js';
import './audit-tools.js';
import './costs.js';
import './companies.js';
import './accounts.js';
import './queue.js';
