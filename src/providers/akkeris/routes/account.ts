/**
 * `GET /account` and the spaces.
 * @see ../../../../../shared/reference/akkeris.md#objects (Account, Space)
 */
import type { Route } from '../../../http/route.js'
import { account, findSpace, listSpaces, spacePlacement } from '../account.js'
import { serializeSpace } from '../serializers-platform.js'
import { backendOf, json } from './kit.js'

/** Account and space routes. */
export const accountRoutes: Route[] = [
  { method: 'GET', path: '/account', operationId: 'account.get', resolve: (ctx) => json(account(backendOf(ctx), ctx.token?.token ?? '')) },
  {
    method: 'GET',
    path: '/spaces',
    operationId: 'spaces.list',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const placement = spacePlacement(backend.world.seed)
      return json(listSpaces(backend).map(({ space, apps }) => serializeSpace(space, apps, placement)))
    },
  },
  {
    method: 'GET',
    path: '/spaces/{space}',
    operationId: 'spaces.get',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const { space, apps } = findSpace(backend, ctx.params.space)
      return json(serializeSpace(space, apps, spacePlacement(backend.world.seed)))
    },
  },
]
