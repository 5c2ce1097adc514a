import { ApiOperation } from '@nestjs/swagger';

/**
 * Pins a route's OpenAPI operationId. Nest derives it from the controller and method names
 * (`TenancyController_createMsp`), and generated clients name their methods after it, so a route
 * that moves into a controller of its own keeps the id it was published with.
 *
 * `summary: undefined` because ApiOperation otherwise adds an empty summary to the document.
 */
export const OperationId = (operationId: string): MethodDecorator => ApiOperation({ operationId, summary: undefined });
