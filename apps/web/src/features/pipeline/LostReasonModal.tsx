import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';

const COMMON_REASONS = [
  'Price',
  'Chose a competitor',
  'No budget',
  'Timing',
  'No decision',
  'Lost contact',
  'Requirements not met',
];

/** Asks why a deal was lost: the reason feeds the loss analysis, so it is required. */
export function LostReasonModal({
  dealName,
  onConfirm,
  onCancel,
}: {
  dealName: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [choice, setChoice] = useState<string | null>(null);
  const [detail, setDetail] = useState('');
  const reason = [choice, detail.trim()].filter(Boolean).join(': ');
  return (
    <Modal
      opened
      onClose={onCancel}
      title={`Why was “${dealName}” lost?`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason) onConfirm(reason);
        }}
      >
        <Stack>
          <Select
            label="Lost reason"
            placeholder="Choose or type below"
            data={COMMON_REASONS}
            value={choice}
            onChange={setChoice}
            data-autofocus
          />
          <Textarea
            label="Details"
            placeholder="e.g. Went with Globex at 20% less"
            value={detail}
            onChange={(e) => setDetail(e.currentTarget.value)}
            maxLength={150}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!reason}>
              Mark as lost
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
