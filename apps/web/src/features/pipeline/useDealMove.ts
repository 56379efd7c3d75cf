import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, describeError, type Schemas, unwrap } from '../../api/client';

export type Deal = Schemas['Deal'];

/** Moves a deal to a stage; the caller supplies the lost reason for a lost stage. */
export function useDealMove() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ deal, stageId, lostReason }: { deal: Deal; stageId: string; lostReason?: string }) =>
      unwrap(
        api.POST('/api/deals/{id}/move', {
          params: { path: { id: deal.id } },
          body: { version: deal.version, stageId, ...(lostReason && { lostReason }) },
        }),
      ),
    onSuccess: (moved) => {
      queryClient.invalidateQueries({ queryKey: ['deals'] });
      notifications.show({ message: `${moved.name} moved to ${moved.stageName}.` });
    },
    onError: (error) => {
      queryClient.invalidateQueries({ queryKey: ['deals'] });
      notifications.show({ color: 'red', title: 'Not moved', message: describeError(error) });
    },
  });
}
