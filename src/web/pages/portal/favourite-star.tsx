import { ActionIcon, Tooltip } from '@mantine/core';
import { IconStar, IconStarFilled } from '@tabler/icons-react';
import { reportError } from '../../app/feedback';
import { useFavourites, useStar } from '../../data/portal-account';
import { usePortal } from './portal-auth';

/** Stars or unstars a product for the signed-in user; the catalogue's Favourites filter lists the starred ones. */
export function FavouriteStar({ productId, name }: { productId: string; name: string }) {
  const { slug } = usePortal();
  const favourites = useFavourites(slug);
  const star = useStar(slug);
  const starred = favourites.data?.productIds.includes(productId) ?? false;
  const label = starred ? `Remove ${name} from favourites` : `Add ${name} to favourites`;
  return (
    <Tooltip label={starred ? 'In your favourites' : 'Add to favourites'}>
      <ActionIcon
        variant="subtle"
        color="yellow"
        size="xl"
        aria-label={label}
        aria-pressed={starred}
        loading={star.isPending}
        onClick={() => star.mutate({ id: productId, starred: !starred }, { onError: (e) => reportError(e) })}
      >
        {starred ? <IconStarFilled size={26} /> : <IconStar size={26} />}
      </ActionIcon>
    </Tooltip>
  );
}
