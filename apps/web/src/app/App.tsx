import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { api, unwrap } from '../api/client';
import { AccountPage } from '../features/account/AccountPage';
import { AdminPage } from '../features/admin/AdminPage';
import { AuditPage } from '../features/admin/AuditPage';
import { CoachingFocusPage } from '../features/admin/CoachingFocusPage';
import { OrganisationPage } from '../features/admin/OrganisationPage';
import { PipelinesPage } from '../features/admin/PipelinesPage';
import { ForcedPasswordChangePage } from '../features/auth/ForcedPasswordChangePage';
import { LoginPage } from '../features/auth/LoginPage';
import { SetupPage } from '../features/auth/SetupPage';
import { AccountPage as CrmAccountPage } from '../features/crm/AccountPage';
import { AccountsListPage } from '../features/crm/AccountsListPage';
import { ActivitiesListPage } from '../features/crm/ActivitiesListPage';
import { ContactPage } from '../features/crm/ContactPage';
import { ContactsListPage } from '../features/crm/ContactsListPage';
import { DealsListPage } from '../features/crm/DealsListPage';
import { ProductsListPage } from '../features/crm/ProductsListPage';
import { ImportPage } from '../features/imports/ImportPage';
import { ComingSoonPage, comingSoon } from '../features/overview/ComingSoonPage';
import { DashboardPage } from '../features/overview/DashboardPage';
import { PeoplePage } from '../features/people/PeoplePage';
import { PersonPage } from '../features/people/PersonPage';
import { DealPage } from '../features/pipeline/DealPage';
import { PipelinePage } from '../features/pipeline/PipelinePage';
import { TeamPage } from '../features/teams/TeamPage';
import { TeamsPage } from '../features/teams/TeamsPage';
import { AppLayout } from './AppLayout';
import { SessionProvider, useMeQuery } from './session';
import { ErrorAlert, PageHeader } from './ui';

// The chart pages load when first opened: the charting library is most of their weight.
const ForecastPage = lazy(() =>
  import('../features/forecasts/ForecastPage').then((m) => ({ default: m.ForecastPage })),
);
const PersonFunnelPage = lazy(() =>
  import('../features/performance/FunnelPage').then((m) => ({ default: m.PersonFunnelPage })),
);
const TeamFunnelPage = lazy(() =>
  import('../features/performance/FunnelPage').then((m) => ({ default: m.TeamFunnelPage })),
);
const PerformancePage = lazy(() =>
  import('../features/performance/PerformancePage').then((m) => ({ default: m.PerformancePage })),
);
const PersonDashboardPage = lazy(() =>
  import('../features/performance/PersonDashboardPage').then((m) => ({ default: m.PersonDashboardPage })),
);
const TeamDashboardPage = lazy(() =>
  import('../features/performance/TeamDashboardPage').then((m) => ({ default: m.TeamDashboardPage })),
);
const TargetsPage = lazy(() =>
  import('../features/targets/TargetsPage').then((m) => ({ default: m.TargetsPage })),
);
const MyTargetsPage = lazy(() =>
  import('../features/targets/MyTargetsPage').then((m) => ({ default: m.MyTargetsPage })),
);
const CascadePage = lazy(() =>
  import('../features/targets/CascadePage').then((m) => ({ default: m.CascadePage })),
);
const RedistributePage = lazy(() =>
  import('../features/targets/RedistributePage').then((m) => ({ default: m.RedistributePage })),
);

function FullPageLoader() {
  return (
    <Center mih="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

function NotFoundPage() {
  return (
    <PageHeader
      title="Page not found"
      description="There is nothing at this address. Use the navigation to find your way."
    />
  );
}

/** Decides what a visitor sees: set-up, login, the forced password change, or the app. */
export function App() {
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: () => unwrap(api.GET('/api/setup')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const me = useMeQuery(setup.data?.setupRequired === false);

  if (setup.error || me.error) {
    return (
      <Center mih="100vh" p="md">
        <ErrorAlert error={setup.error ?? me.error} title="Pacesetter is not reachable" />
      </Center>
    );
  }
  if (setup.isPending) return <FullPageLoader />;
  if (setup.data.setupRequired && !me.data) return <SetupPage />;
  if (me.isPending) return <FullPageLoader />;
  if (!me.data) return <LoginPage />;

  return (
    <SessionProvider me={me.data}>
      {me.data.mustChangePassword ? (
        <ForcedPasswordChangePage />
      ) : (
        <BrowserRouter>
          <Routes>
            <Route element={<AppLayout />}>
              <Route index element={<DashboardPage />} />
              {Object.entries(comingSoon).map(([path, props]) => (
                <Route key={path} path={path} element={<ComingSoonPage {...props} />} />
              ))}
              <Route path="targets" element={<TargetsPage />} />
              <Route path="targets/mine" element={<MyTargetsPage />} />
              <Route path="targets/:id/cascade" element={<CascadePage />} />
              <Route path="targets/:id/redistribute" element={<RedistributePage />} />
              <Route path="pipeline" element={<PipelinePage />} />
              <Route path="pipeline/deals" element={<DealsListPage />} />
              <Route path="pipeline/deals/:id" element={<DealPage />} />
              <Route path="pipeline/accounts" element={<AccountsListPage />} />
              <Route path="pipeline/accounts/:id" element={<CrmAccountPage />} />
              <Route path="pipeline/contacts" element={<ContactsListPage />} />
              <Route path="pipeline/contacts/:id" element={<ContactPage />} />
              <Route path="pipeline/activities" element={<ActivitiesListPage />} />
              <Route path="pipeline/products" element={<ProductsListPage />} />
              <Route path="forecast" element={<ForecastPage />} />
              <Route path="people" element={<PeoplePage />} />
              <Route path="people/:id" element={<PersonPage />} />
              <Route path="teams" element={<TeamsPage />} />
              <Route path="teams/:id" element={<TeamPage />} />
              <Route path="performance" element={<PerformancePage />} />
              <Route path="performance/teams/:id" element={<TeamDashboardPage />} />
              <Route path="performance/teams/:id/funnel" element={<TeamFunnelPage />} />
              <Route path="performance/people/:id" element={<PersonDashboardPage />} />
              <Route path="performance/people/:id/funnel" element={<PersonFunnelPage />} />
              <Route path="reports" element={<Navigate replace to="/performance" />} />
              <Route path="admin" element={<AdminPage />} />
              <Route path="admin/audit" element={<AuditPage />} />
              <Route path="admin/organisation" element={<OrganisationPage />} />
              <Route path="admin/pipelines" element={<PipelinesPage />} />
              <Route path="admin/coaching-focus" element={<CoachingFocusPage />} />
              <Route path="admin/import" element={<ImportPage />} />
              <Route path="account" element={<AccountPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      )}
    </SessionProvider>
  );
}
