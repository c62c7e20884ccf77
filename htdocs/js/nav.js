// The left column of the spec ("functional column"), in its order. Used by
// the shell to draw the nav and by app.js to route the modules that later
// issues fill ("soon": true shows the coming-soon page).

export const INSTALLER_NAV = [
  { path: '/dashboard', key: 'nav.dashboard' },
  { path: '/sites', key: 'nav.sites' },
  { path: '/firmware', key: 'nav.firmware', soon: true },
  { path: '/upgrade', key: 'nav.upgrade', soon: true },
  { path: '/message', key: 'nav.message', soon: true },
  { path: '/mac-library', key: 'nav.macLibrary' },
  {
    group: 'subscriptions',
    key: 'nav.subscriptionsGroup',
    items: [
      { path: '/subscriptions', key: 'nav.subscriptions', soon: true },
      { path: '/subscriptions/payments', key: 'nav.payments', soon: true },
      { path: '/subscriptions/automatic-payments', key: 'nav.automaticPayments', soon: true },
    ],
  },
  { path: '/integration', key: 'nav.integration' },
  {
    group: 'settings',
    key: 'nav.settingsGroup',
    items: [
      { path: '/settings/coupons', key: 'nav.coupons', soon: true },
      { path: '/settings/time-zone', key: 'nav.timeZone', soon: true },
      { path: '/settings/billing', key: 'nav.billing', soon: true },
      { path: '/settings/customer-service', key: 'nav.customerService', soon: true },
      { path: '/settings/account', key: 'nav.account' },
      { path: '/settings/single-family-email', key: 'nav.singleFamilyEmail', soon: true },
      { path: '/settings/log', key: 'nav.log', soon: true },
      { path: '/settings/notification', key: 'nav.notification' },
      { path: '/settings/security', key: 'nav.security' },
    ],
  },
  { path: '/notifications', key: 'nav.notificationCenter' },
  { path: '/privacy-policy', key: 'nav.privacyPolicy' },
];

export const DISTRIBUTOR_NAV = [
  { path: '/distributor/installers', key: 'nav.installers' },
  { path: '/mac-library', key: 'nav.macLibrary' },
  {
    group: 'settings',
    key: 'nav.settingsGroup',
    items: [
      { path: '/settings/account', key: 'nav.account' },
      { path: '/settings/notification', key: 'nav.notification' },
      { path: '/settings/security', key: 'nav.security' },
    ],
  },
  { path: '/notifications', key: 'nav.notificationCenter' },
  { path: '/privacy-policy', key: 'nav.privacyPolicy' },
];

/** Every leaf entry of a nav, flattened. */
export function leaves(nav) {
  return nav.flatMap((entry) => (entry.group ? entry.items : [entry]));
}
