import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, describeError, unwrap } from '../../api/client';
import { useSessionChanged } from '../../app/session';
import { AuthLayout } from './AuthLayout';

function loginMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'UNAUTHENTICATED') return 'Email or password is incorrect. Check both and try again.';
    if (error.code === 'ACCOUNT_LOCKED' || error.code === 'RATE_LIMITED') return error.message;
  }
  return describeError(error);
}

export function LoginPage() {
  const sessionChanged = useSessionChanged();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/login', { body: { email, password } })),
    onSuccess: (me) => sessionChanged(me),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  return (
    <AuthLayout title="Log in" subtitle="Use the email address your administrator registered for you.">
      <form onSubmit={submit} noValidate>
        <Stack>
          {login.error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" title="Could not log you in">
              {loginMessage(login.error)}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={login.isPending} disabled={!email || !password}>
            Log in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
