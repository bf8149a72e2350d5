"""Liveness (the process answers) and readiness (every service answers SERVING)."""

import asyncio

import grpc
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2

router = APIRouter(tags=["operations"])

READINESS_TIMEOUT_SECONDS = 2.0


@router.get("/healthz")
async def healthz():
    return {"status": "ok"}


async def _status(stub) -> str:
    try:
        reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=READINESS_TIMEOUT_SECONDS)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    except grpc.aio.AioRpcError as error:
        return error.code().name


@router.get("/readyz")
async def readyz(request: Request):
    stubs = request.app.state.clients.health
    statuses = dict(zip(stubs, await asyncio.gather(*map(_status, stubs.values())), strict=True))
    ready = all(s == "SERVING" for s in statuses.values())
    return JSONResponse({"ready": ready, "services": statuses}, status_code=200 if ready else 503)
