from __future__ import annotations

from typing import Annotated

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from resolvers import auth
from rest.api import APIRouter, Query
from rest.auth import (
    clear_oidc_state_cookie,
    clear_session_cookies,
    client_of,
    oidc_state_of,
    public_url,
    session_of,
    set_oidc_state_cookie,
    set_session_cookies,
)
from rest.auth_models import LoginRequest, SessionOut, TicketOut, ViewerOut
from rest.deps import AppContextDep
from rest.envelope import Envelope
from rest.openapi import UPSTREAM, errors

router = APIRouter(tags=["auth"])


@router.get("/auth/session", summary="Who is asking, and how this server signs in")
async def get_session(ctx: AppContextDep) -> Envelope[ViewerOut]:
    return Envelope(data=ViewerOut.read(await auth.get_viewer(ctx)))


@router.post(
    "/auth/login",
    summary="Sign in with a password: sets the session and CSRF cookies",
    responses=errors(401, 429),
)
async def post_login(
    ctx: AppContextDep, body: LoginRequest, request: Request, response: Response
) -> Envelope[SessionOut]:
    session = await auth.sign_in(
        ctx, name=body.name, password=body.password, client=client_of(request)
    )
    set_session_cookies(request, response, session)
    return Envelope(
        data=SessionOut(
            user=body.name, csrf_token=session.csrf, expires_at=session.expires_at
        )
    )


@router.post("/auth/logout", summary="Sign out: ends the session, clears its cookies")
async def post_logout(
    ctx: AppContextDep, request: Request, response: Response
) -> Envelope[ViewerOut]:
    await auth.sign_out(ctx, session=session_of(request))
    clear_session_cookies(request, response)
    return Envelope(data=ViewerOut.read(await auth.get_viewer(ctx)))


@router.post(
    "/auth/ticket",
    summary="A single-use ticket (60 s) for GET /api/events?ticket=... (EventSource cannot send headers)",
)
async def post_ticket(ctx: AppContextDep) -> Envelope[TicketOut]:
    ticket, expires_at = await auth.issue_event_ticket(ctx)
    return Envelope(data=TicketOut(ticket=ticket, expires_at=expires_at))


@router.get(
    "/auth/oidc/login",
    summary="Start signing in with the OIDC provider (redirects there)",
    status_code=302,
    responses=errors(400, UPSTREAM),
)
async def get_oidc_login(ctx: AppContextDep, request: Request) -> RedirectResponse:
    started = await auth.begin_oidc_sign_in(
        ctx,
        redirect_uri=public_url(request, "/api/auth/oidc/callback"),
        client=client_of(request),
    )
    response = RedirectResponse(started.url, status_code=302)
    set_oidc_state_cookie(request, response, started.state)
    return response


@router.get(
    "/auth/oidc/callback",
    summary="The OIDC provider's redirect back: sets the session cookies",
    status_code=302,
    responses=errors(400, 401, 403),
)
async def get_oidc_callback(
    ctx: AppContextDep,
    request: Request,
    state: str,
    code: str | None = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    error_description: Annotated[str | None, Query(max_length=1000)] = None,
) -> RedirectResponse:
    session = await auth.finish_oidc_sign_in(
        ctx,
        code=code,
        state=state,
        browser_state=oidc_state_of(request),
        error=error,
        error_description=error_description,
    )
    response = RedirectResponse("/", status_code=302)
    set_session_cookies(request, response, session)
    clear_oidc_state_cookie(request, response)
    return response
