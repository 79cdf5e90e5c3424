/** Registers the first user and asks POST /auth for a JWT, as a platypush client would. */
export async function jwtFor(url) {
  const user = { username: 'bench', password: 'bench password 123' };
  const register = await fetch(`${url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, confirm_password: user.password }),
  });
  if (register.status !== 201) throw new Error(`register: ${register.status} ${await register.text()}`);
  const auth = await fetch(`${url}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (auth.status !== 200) throw new Error(`auth: ${auth.status} ${await auth.text()}`);
  return (await auth.json()).token;
}
