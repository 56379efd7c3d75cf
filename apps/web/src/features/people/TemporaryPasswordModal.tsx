import { Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

/** Shown once after creating an account or resetting a password: the server never shows it again. */
export function TemporaryPasswordModal({
  person,
  password,
  onClose,
}: {
  person: { name: string; email: string } | null;
  password: string | null;
  onClose: () => void;
}) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={!!person && !!password}
      onClose={onClose}
      title="Temporary password"
      centered
    >
      {person && password && (
        <Stack>
          <Text size="sm">
            Give this temporary password to <strong>{person.name}</strong> ({person.email}) in person or over
            a trusted channel. They must choose their own password when they first log in. It is shown only
            now.
          </Text>
          <Code block fz="lg" data-testid="temporary-password">
            {password}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={password}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
