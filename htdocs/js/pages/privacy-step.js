// Login step "privacy": read the policy, Agree (on to the Service Provider
// Information form) or Disagree (confirm, then signed out).

import { h } from '../ui/dom.js';
import { authCard } from '../ui/auth-layout.js';
import { button, applyError, clearErrors } from '../ui/form.js';
import { confirmDialog } from '../ui/dialog.js';
import { policyText } from '../ui/policy.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { setMe, refreshMe } from '../session.js';
import { navigate } from '../router.js';

export default async function privacyStep(ctx) {
  const privacy = await api.get('/api/auth/privacy');
  const agree = button(t('privacyStep.agree'), { kind: 'primary' });
  const disagree = button(t('privacyStep.disagree'), { kind: 'secondary' });
  const form = h('form', { class: 'form', 'aria-label': t('privacyStep.title') },
    h('div', { class: 'actions' }, disagree, agree));
  form.addEventListener('submit', (e) => e.preventDefault());

  const send = async (agreed) => {
    clearErrors(form);
    agree.disabled = true;
    disagree.disabled = true;
    try {
      const answer = await api.post('/api/auth/privacy', { version: privacy.version, agree: agreed });
      if (answer.stage === 'signed_out') {
        setMe(null);
        sessionStorage.clear();
        navigate('/sign-in', { replace: true, state: { notice: t('signIn.disagreed') } });
        return;
      }
      // Agreed: the optional Service Provider Information comes next.
      await refreshMe();
      navigate('/sign-in/service-provider', { replace: true });
    } catch (error) {
      if (error.code === 'policy_changed') {
        navigate('/sign-in/privacy', { replace: true, state: { notice: t('privacyStep.changed') } });
        return;
      }
      applyError(form, error);
    } finally {
      agree.disabled = false;
      disagree.disabled = false;
    }
  };
  agree.addEventListener('click', () => send(true));
  disagree.addEventListener('click', async () => {
    const sure = await confirmDialog({
      title: t('privacyStep.disagreeTitle'),
      body: t('privacyStep.disagreeBody'),
      consequences: t('privacyStep.disagreeConsequences'),
      confirmLabel: t('privacyStep.disagreeConfirm'),
      danger: true,
    });
    if (sure) send(false);
  });

  const notice = ctx.state && ctx.state.notice;
  return authCard({ title: t('privacyStep.title'), intro: t('privacyStep.intro'), wide: true },
    notice ? h('p', { class: 'notice', text: notice }) : null,
    policyText(privacy),
    form);
}
