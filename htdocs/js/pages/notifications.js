// Notification Center: the shell of the list (no notifications API yet; a
// later issue fills it), so the empty state.

import { h } from '../ui/dom.js';
import { pageFrame, stateBox } from '../ui/page.js';
import { t } from '../strings/index.js';

export default function notifications() {
  return pageFrame({ title: t('notificationCenter.title') },
    h('div', { class: 'card' },
      stateBox({ iconName: 'bell', title: t('notificationCenter.empty'), text: t('notificationCenter.emptyHint') })));
}
