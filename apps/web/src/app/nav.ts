import {
  IconAward,
  IconLayoutDashboard,
  IconLayoutKanban,
  IconMessages,
  IconReportAnalytics,
  IconSettings,
  IconTarget,
  IconTrendingUp,
  IconUsers,
} from '@tabler/icons-react';
import type { Me } from '../api/client';

export interface NavItem {
  label: string;
  to: string;
  icon: typeof IconUsers;
  /** Further paths that belong to this section (for the active highlight). */
  also?: string[];
  visible?: (me: Me) => boolean;
}

/** The navigation of the whole product, in the order of the leadership cycle. */
export const navItems: NavItem[] = [
  { label: 'Dashboard', to: '/', icon: IconLayoutDashboard },
  { label: 'Pipeline', to: '/pipeline', icon: IconLayoutKanban },
  { label: 'Targets', to: '/targets', icon: IconTarget },
  { label: 'People', to: '/people', icon: IconUsers, also: ['/teams'] },
  { label: 'Coaching', to: '/coaching', icon: IconMessages },
  { label: 'Recognition', to: '/recognition', icon: IconAward },
  { label: 'Performance', to: '/performance', icon: IconReportAnalytics },
  { label: 'Forecast', to: '/forecast', icon: IconTrendingUp },
  {
    label: 'Admin',
    to: '/admin',
    icon: IconSettings,
    visible: (me) => Object.values(me.abilities).some(Boolean),
  },
];

export function isActive(item: NavItem, pathname: string): boolean {
  const match = (to: string) =>
    to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
  return match(item.to) || (item.also ?? []).some(match);
}
