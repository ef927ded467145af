import type { MemberRole } from '@vibemonitor/contracts';

/** A workspace member as other members see them. */
export interface MemberSummary {
  userId: string;
  email: string;
  name: string | null;
  avatarUrl: string | null;
  role: MemberRole;
  joinedAt: Date;
}
