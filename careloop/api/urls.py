from ninja import NinjaAPI

api = NinjaAPI(title="careloop API", version="1", urls_namespace="api")
