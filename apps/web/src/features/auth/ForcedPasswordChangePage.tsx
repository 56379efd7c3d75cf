import { Anchor, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { meQueryKey, useMe } from '../../app/session';
import { AuthLayout } from './AuthLayout';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useLogout } from './useLogout';

/** After logging in with a temporary password, nothing else is reachable until it is replaced. */
export function ForcedPasswordChangePage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const logout = useLogout();
  return (
    <AuthLayout
      title="Choose your password"
      subtitle={`Welcome, ${me.user.name}. You logged in with a temporary password; choose your own to continue.`}
    >
      <ChangePasswordForm
        submitLabel="Save and continue"
        onChanged={() => queryClient.invalidateQueries({ queryKey: meQueryKey })}
      />
      <Text size="sm" mt="md" ta="center">
        <Anchor component="button" type="button" onClick={() => logout.mutate()}>
          Log out instead
        </Anchor>
      </Text>
    </AuthLayout>
  );
}
