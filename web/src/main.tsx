import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { Activity } from './pages/activity';
import { Authorize } from './pages/authorize';
import { Home } from './pages/home';
import { Keys } from './pages/keys';
import { LivePage } from './pages/live';
import { LogDetail } from './pages/log-detail';
import { Logs } from './pages/logs';
import { ModelPage } from './pages/model-page';
import { Models } from './pages/models';
import { Rankings } from './pages/rankings';
import { SignIn } from './pages/sign-in';
import { Study, StudyAnalysis } from './pages/study';
import { matchPath, useLocation } from './router';
import { isAdmin, type Session, SessionContext } from './session';
import './styles.css';

function Page({ session }: { session: Session }) {
  const { path } = useLocation();
  const route = (pattern: string) => matchPath(pattern, path);
  let page = route('/logs/:id');
  if (page) return <LogDetail id={page.id!} />;
  page = route('/models/:author/:slug');
  if (page) return <ModelPage author={page.author!} slug={page.slug!} />;
  page = route('/study/:id');
  if (page) return <StudyAnalysis id={page.id!} />;
  if (path === '/auth') return <Authorize />;
  if (path === '/activity') return <Activity />;
  if (path === '/logs') return <Logs />;
  if (path === '/models') return <Models />;
  if (path === '/rankings') return <Rankings />;
  if (path === '/study') return <Study />;
  if (path === '/live') return <LivePage />;
  if (path === '/keys') return isAdmin(session) ? <Keys /> : <Forbidden />;
  return <Home />;
}

function Forbidden() {
  return (
    <main id="main">
      <h1>Management key needed</h1>
      <p>
        Keys and credits are managed with a management key. <a href="/">Back home</a>
      </p>
    </main>
  );
}

function App() {
  const { path } = useLocation();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const load = () =>
    api<{ data: Session }>('/api/v1/dashboard/session').then(
      (answer) => setSession(answer.data),
      () => setSession(null),
    );
  useEffect(() => {
    if (path !== '/sign-in') void load();
  }, []);
  if (path === '/sign-in') return <SignIn onSignedIn={() => undefined} />;
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={load} />;
  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Page session={session} />
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
