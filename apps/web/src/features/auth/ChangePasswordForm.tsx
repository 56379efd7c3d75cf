import { Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { FormError } from '../../app/ui';

/** Used on My account, and as the whole screen after a temporary password. */
export function ChangePasswordForm({
  onChanged,
  submitLabel = 'Change password',
}: {
  onChanged: () => void;
  submitLabel?: string;
}) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/password', { body: { currentPassword, newPassword } })),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setRepeat('');
      onChanged();
    },
  });
  const fields = change.error instanceof ApiError ? change.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={change.error} />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={currentPassword}
          error={fields.currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label="New password"
          description="At least 10 characters, not containing your email address"
          autoComplete="new-password"
          required
          value={newPassword}
          error={fields.newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
        />
        <PasswordInput
          label="Repeat the new password"
          autoComplete="new-password"
          required
          value={repeat}
          error={mismatch ? 'does not match the new password' : undefined}
          onChange={(e) => setRepeat(e.currentTarget.value)}
        />
        <Button type="submit" loading={change.isPending} disabled={!currentPassword || !newPassword}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
