// Starts Swagger UI on the page's spec. Kept out of the HTML so a strict CSP needs no inline script.
window.addEventListener("load", () => {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    validatorUrl: null, // the default calls validator.swagger.io: nothing may leave this machine
    deepLinking: true,
    displayOperationId: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
  });
});
