import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** Who is signed in (GET /api/v1/dashboard/session). */
export interface Session {
  signed_in: boolean;
  local_development: boolean;
  account: { id: string; name: string };
  key: { name: string; hash: string; label: string | null; is_management: boolean } | null;
}

export const SessionContext = createContext<Session | null>(null);
export const useSession = () => useContext(SessionContext);
export const isAdmin = (session: Session | null) => session?.key?.is_management === true;
