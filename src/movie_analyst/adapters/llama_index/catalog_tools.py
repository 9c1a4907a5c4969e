import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from llama_index.core.tools import ToolMetadata, ToolOutput
from llama_index.core.tools.types import AsyncBaseTool, BaseTool

from movie_analyst.application.media_tools import (
    MEDIA_TOOLS,
    ToolSpec,
    call_tool,
    tool_args_schema,
)
from movie_analyst.application.ports.media_catalog import MediaCatalog


@dataclass
class _SchemaMetadata(ToolMetadata):
    """Tool metadata whose argument schema comes from our msgspec args, not a pydantic model."""

    schema: dict[str, Any] | None = None

    def get_parameters_dict(self) -> dict[str, Any]:
        return self.schema or {"type": "object", "properties": {}}

    @property
    def fn_schema_str(self) -> str:
        # The ReAct prompt renders every tool's schema on every step: encode it once.
        return _schema_text(self.name or "")


class CatalogTool(AsyncBaseTool):
    def __init__(
        self,
        spec: ToolSpec,
        catalog: MediaCatalog,
        default_region: str,
    ) -> None:
        self._spec = spec
        self._catalog = catalog
        self._region = default_region
        self._metadata = _SchemaMetadata(
            description=spec.description, name=spec.name, schema=_schema(spec.name)
        )

    @property
    def metadata(self) -> ToolMetadata:
        return self._metadata

    def call(self, *args: Any, **kwargs: Any) -> ToolOutput:
        raise NotImplementedError("catalog tools are async only")

    async def acall(self, *args: Any, **kwargs: Any) -> ToolOutput:
        """An `UpstreamError` propagates; llama-index records it on the ToolOutput
        (`.exception`) and the agent adapter fails the run with it."""
        raw: dict[str, Any] | str | None = kwargs or (args[0] if args else None)
        text = await call_tool(self._catalog, self._spec.name, raw, default_region=self._region)
        return ToolOutput(
            content=text, tool_name=self._spec.name, raw_input=kwargs, raw_output=text
        )


@cache
def _schema(name: str) -> dict[str, Any]:
    return tool_args_schema(next(spec for spec in MEDIA_TOOLS if spec.name == name))


@cache
def _schema_text(name: str) -> str:
    return json.dumps(_schema(name), ensure_ascii=False)


def catalog_tools(
    catalog: MediaCatalog, default_region: str
) -> list[BaseTool | Callable[..., Any]]:
    return [CatalogTool(spec, catalog, default_region) for spec in MEDIA_TOOLS]
