import type { SecretBox } from '@vibemonitor/auth';
import { isAppError } from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import { commentOnTurn, TURN_COMMENT_MAX } from '../chat/comment-on-turn.js';
import { rateTurn } from '../chat/rate-turn.js';
import { loadSlackInstallation } from './load-slack-installation.js';
import {
  COMMENT_ACTION,
  COMMENT_VIEW,
  FEEDBACK_DOWN_ACTION,
  FEEDBACK_UP_ACTION,
} from './render-slack-answer.js';
import { resolveSlackMember } from './resolve-slack-member.js';
import type { SlackSettings } from './slack-settings.js';

/** What the HTTP shim answers Slack: an empty 200, or a body (modal validation errors). */
export type SlackInteractionReply = { status: 200; body?: Record<string, unknown> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface InteractionPayload {
  type?: string;
  team?: { id?: string };
  user?: { id?: string };
  trigger_id?: string;
  actions?: Array<{ action_id?: string; value?: string }>;
  view?: {
    callback_id?: string;
    private_metadata?: string;
    state?: { values?: Record<string, Record<string, { value?: string | null }>> };
  };
}

/**
 * Feedback from the answer's buttons, handled inside Slack's 3-second window
 * (a modal's trigger_id expires in 3 s, and these are single writes):
 * 👍/👎 record the same feedback as `chat.turns.feedback`, "Add a comment"
 * opens a modal whose submission records a `chat.turns.comment`. The clicker
 * must map to a member of the workspace the team is linked to, and the turn
 * must belong to that workspace (the domain functions filter by it).
 */
export async function handleSlackInteraction({
  db,
  secrets,
  settings,
  payload,
}: {
  db: Database;
  secrets: SecretBox;
  settings: SlackSettings;
  payload: unknown;
}): Promise<SlackInteractionReply> {
  const p = payload as InteractionPayload;
  const teamId = p.team?.id;
  const slackUserId = p.user?.id;
  if (!teamId || !slackUserId) return { status: 200 };
  const loaded = await loadSlackInstallation({ db, secrets, settings, by: { teamId } });
  if (!loaded) return { status: 200 };
  const workspaceId = loaded.installation.workspaceId;
  const member = await resolveSlackMember({ db, client: loaded.client, workspaceId, slackUserId });

  if (p.type === 'block_actions') {
    const action = p.actions?.[0];
    const turnId = action?.value;
    if (!turnId || !UUID.test(turnId) || member.kind !== 'member') return { status: 200 };
    const actor = { id: member.userId };
    try {
      if (action.action_id === FEEDBACK_UP_ACTION || action.action_id === FEEDBACK_DOWN_ACTION) {
        await rateTurn({
          db,
          workspaceId,
          turnId,
          actor,
          input: { rating: action.action_id === FEEDBACK_UP_ACTION ? 'up' : 'down' },
        });
      } else if (action.action_id === COMMENT_ACTION && p.trigger_id) {
        await loaded.client.views.open({
          trigger_id: p.trigger_id,
          view: {
            type: 'modal',
            callback_id: COMMENT_VIEW,
            private_metadata: turnId,
            title: { type: 'plain_text', text: 'Comment on the answer' },
            submit: { type: 'plain_text', text: 'Send' },
            blocks: [
              {
                type: 'input',
                block_id: 'comment',
                label: { type: 'plain_text', text: 'Your comment' },
                element: {
                  type: 'plain_text_input',
                  action_id: 'body',
                  multiline: true,
                  max_length: TURN_COMMENT_MAX,
                },
              },
            ],
          },
        });
      }
    } catch (error) {
      if (!isAppError(error)) throw error;
    }
    return { status: 200 };
  }

  if (p.type === 'view_submission' && p.view?.callback_id === COMMENT_VIEW) {
    const turnId = p.view.private_metadata ?? '';
    const body = (p.view.state?.values?.comment?.body?.value ?? '').trim();
    const fail = (message: string): SlackInteractionReply => ({
      status: 200,
      body: { response_action: 'errors', errors: { comment: message } },
    });
    if (member.kind !== 'member')
      return fail('Only members of the VibeMonitor workspace can comment.');
    if (!UUID.test(turnId)) return fail('This answer is no longer available.');
    if (body.length === 0) return fail('Write a comment.');
    try {
      await commentOnTurn({
        db,
        workspaceId,
        turnId,
        actor: { id: member.userId },
        input: { body: body.slice(0, TURN_COMMENT_MAX) },
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return fail(error.message);
    }
    return { status: 200 };
  }
  return { status: 200 };
}
