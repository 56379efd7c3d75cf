import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { useSessionChanged } from '../../app/session';
import { FormError } from '../../app/ui';
import { AuthLayout } from './AuthLayout';

/** First visit: create the organisation and its first administrator. */
export function SetupPage() {
  const sessionChanged = useSessionChanged();
  const [form, setForm] = useState({ organisationName: '', name: '', email: '', password: '' });
  const setup = useMutation({
    mutationFn: () => unwrap(api.POST('/api/setup', { body: form })),
    onSuccess: (me) => sessionChanged(me),
  });
  const fields = setup.error instanceof ApiError ? setup.error.fieldErrors() : {};
  const bind = (key: keyof typeof form) => ({
    value: form[key],
    error: fields[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate();
  };

  return (
    <AuthLayout
      title="Set up Pacesetter"
      subtitle="Name your organisation and create the first administrator account. You can add teams and people next."
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={setup.error} title="Set-up failed" />
          <TextInput label="Organisation name" required autoFocus {...bind('organisationName')} />
          <TextInput label="Your name" required autoComplete="name" {...bind('name')} />
          <TextInput label="Your email" type="email" required autoComplete="email" {...bind('email')} />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            required
            autoComplete="new-password"
            {...bind('password')}
          />
          <Button type="submit" loading={setup.isPending}>
            Create organisation
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
