import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** Who is signed in (GET /api/v1/dashboard/session). */
export interface Session {
  signed_in: boolean;
  local_development: boolean;
  account: { id: string; name: string };
  key: { name: string; hash: string; label: string | null; is_management: boolean } | null;
  /** The key sees every account's traffic (a management key of a platform account). */
  sees_platform?: boolean;
}

export const SessionContext = createContext<Session | null>(null);
export const useSession = () => useContext(SessionContext);
export const isAdmin = (session: Session | null) => session?.key?.is_management === true;
export const seesPlatform = (session: Session | null) => session?.sees_platform === true;
