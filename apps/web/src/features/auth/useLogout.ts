import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useSessionChanged } from '../../app/session';

export function useLogout() {
  const sessionChanged = useSessionChanged();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/logout')),
    onSettled: () => sessionChanged(null),
  });
}
