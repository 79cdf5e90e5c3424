import type { UserEntity } from '@hub/database';

/** A user as clients see it (never the password hash). */
export interface UserView {
  id: number;
  username: string;
  is_admin: boolean;
  created_at: string;
}

export function userView(user: UserEntity): UserView {
  return {
    id: user.id,
    username: user.username,
    is_admin: user.isAdmin,
    created_at: user.createdAt.toISOString(),
  };
}
