import { z } from 'zod';

/** api.md §2: 1-64 characters of `[A-Za-z0-9._@-]`. */
export const usernameSchema = z
  .string({ error: 'username is required (a string)' })
  .min(1, 'username must not be empty')
  .max(64, 'username must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'username may only contain letters, digits and . _ @ -');

export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt only looks at the first 72 bytes: longer passwords would silently be truncated. */
export const MAX_PASSWORD_BYTES = 72;

export const passwordSchema = z
  .string({ error: 'password is required (a string)' })
  .min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .refine((p) => Buffer.byteLength(p) <= MAX_PASSWORD_BYTES, {
    message: `password must be at most ${MAX_PASSWORD_BYTES} bytes`,
  });

const confirmMatches = (body: { password: string; confirm_password?: string }) =>
  body.confirm_password === undefined || body.confirm_password === body.password;
const confirmError = { message: 'confirm_password does not match password', path: ['confirm_password'] };

/** `POST /register`: the confirmation is required there (a typo would lock the owner out). */
export const registerSchema = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    confirm_password: z.string({ error: 'confirm_password is required (a string)' }),
    redirect: z.string().optional(),
  })
  .refine(confirmMatches, confirmError);

/** `POST /users` (admin). */
export const createUserSchema = z
  .strictObject({
    username: usernameSchema,
    password: passwordSchema,
    confirm_password: z.string().optional(),
    is_admin: z.boolean().default(false),
  })
  .refine(confirmMatches, confirmError);

/** `PUT /users/:name/password`. */
export const changePasswordSchema = z
  .strictObject({
    old_password: z.string().optional(),
    password: passwordSchema,
    confirm_password: z.string().optional(),
  })
  .refine(confirmMatches, confirmError);

/** `POST /login`: only shape checks; a wrong username is a 401 like a wrong password. */
export const loginSchema = z.object({
  username: z.string({ error: 'username is required (a string)' }).min(1).max(256),
  password: z.string({ error: 'password is required (a string)' }).min(1).max(1024),
  remember: z.union([z.boolean(), z.string()]).optional(),
  redirect: z.string().optional(),
});
