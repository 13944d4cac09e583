import { nordlichtClosedTickets } from './demo-nordlicht-closed-tickets.js';
import { type DemoTenant, demoTicket, routineTicket } from './demo-stories.js';
import type { Timeline } from './demo-timeline.js';

/** Nordlicht Design's tickets: a year of closed ones and the open ones of this week, in every status. */
export const planNordlichtTickets = (timeline: Timeline, n: DemoTenant) => {
  const { day, minutesAgo } = timeline.clock;
  const story = (at: number) => timeline.story(n.tenantId, at);

  for (const ticket of nordlichtClosedTickets)
    routineTicket(story(day(ticket.daysAgo, ticket.time)), n, ticket);

  demoTicket(story(day(86, '15:00')), n, {
    key: 'display-flicker',
    requester: 'jonas',
    device: 'ND-MBP-02',
    category: 'incident',
    priority: 'P2',
    title: 'MacBook display flickers and goes dark',
    description: 'The display flickers and turns black when I open the lid fully. External monitor works.',
  })
    .after(20)
    .assign()
    .start()
    .reply('Looks like the display cable. We start a hardware-service process; please back up today.')
    .note('Known Flexgate pattern on this model; Gravis quotes about 400 €.')
    .work(30, 'Remote diagnosis, service booking at Gravis')
    .at(day(79, '15:30'))
    .work(20, 'Hand-back, display test')
    .resolve('Display cable replaced by Gravis Service; MacBook handed back.')
    .at(day(78, '10:00'))
    .close();

  demoTicket(story(day(40, '07:15')), n, {
    key: 'stolen-iphone',
    requester: 'felix',
    device: 'ND-PHN-02',
    category: 'incident',
    priority: 'P1',
    title: 'iPhone stolen on the S-Bahn',
    description: 'My company iPhone was stolen this morning on the way to the studio.',
  })
    .after(10)
    .assign()
    .start()
    .reply('The phone is locked and will be wiped remotely. A replacement is ordered.')
    .work(30, 'MDM lock and wipe, SIM blocked with Telekom')
    .at(day(38, '09:30'))
    .work(45, 'New iPhone enrolled, apps and mail set up')
    .resolve('Stolen phone wiped, SIM blocked; replacement iPhone 15 handed over.')
    .at(day(37, '10:00'))
    .close();

  demoTicket(story(day(1, '13:00')), n, {
    key: 'indesign-files',
    requester: 'emma',
    category: 'incident',
    priority: 'P3',
    title: 'Cannot open InDesign files from the agency',
    description: 'Files from our partner agency open with “made with a newer version”.',
  })
    .after(30)
    .assign()
    .start()
    .work(25, 'InDesign updated to the current release')
    .after(60)
    .resolve('InDesign updated to the current version; the agency files open.');

  demoTicket(story(day(4, '10:00')), n, {
    key: 'late-invitations',
    requester: 'felix',
    category: 'incident',
    priority: 'P3',
    title: 'Calendar invitations from clients arrive late',
    description: 'Some invitations from clients arrive hours after they were sent.',
  })
    .after(50)
    .assign()
    .start()
    .work(15, 'Message trace in Exchange Online')
    .waitFor('Please forward one of the late invitations as an attachment so that we can read its headers.');

  demoTicket(story(minutesAgo(240)), n, {
    key: 'after-effects-crash',
    requester: 'jonas',
    device: 'ND-MBP-02',
    category: 'incident',
    priority: 'P2',
    title: 'After Effects crashes on render export',
    description: 'Exporting the Alpenbahn spot crashes After Effects at about 80%.',
  })
    .after(15)
    .assign()
    .start()
    .reply('Looking into it; please keep the project file as it is.')
    .after(40)
    .note('Crash log points at the GPU renderer; try the software renderer and clear the media cache.')
    .work(45, 'Crash log analysis, media cache cleared');

  demoTicket(story(minutesAgo(50)), n, {
    key: 'dock-black-screen',
    requester: 'ben',
    device: 'ND-MON-03',
    category: 'incident',
    priority: 'P3',
    title: 'Monitor stays black after docking',
    description: 'The Dell monitor shows “no signal” when I connect the MacBook through the dock.',
  });
};
