import type { Request, Response } from 'express';
import type { SignInOutcome } from '../../../usecases/signIn/signIn';

/** Starts a fresh session for the user (a new id, so a session id known before sign-in is useless after). */
export async function establishSession(req: Request, res: Response, outcome: SignInOutcome): Promise<void> {
  if (outcome.kind !== 'signedIn') {
    res.redirect(`/sign-in/refused?reason=${outcome.kind}`);
    return;
  }
  const returnTo = req.session.returnTo;
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.userId = outcome.userId;
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
  res.redirect(returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/');
}
