from agents import FileSearchTool, WebSearchTool, Agent, ModelSettings, TResponseInputItem, Runner, RunConfig, trace
from pydantic import BaseModel

# Tool definitions
file_search = FileSearchTool(
  vector_store_ids=[
    "vs_68f0c2a1b2c3d4e5f60718293a4b5c74"
  ]
)
web_search_preview = WebSearchTool(
  search_context_size="medium",
  user_location={
    "type": "approximate"
  }
)
research_agent = Agent(
  name="Research agent",
  instructions="Answer from the documents, or search the web.",
  model="gpt-5",
  tools=[
    file_search,
    web_search_preview
  ],
  model_settings=ModelSettings(
    store=True
  )
)


class WorkflowInput(BaseModel):
  input_as_text: str


# Main code entrypoint
async def run_workflow(workflow_input: WorkflowInput):
  with trace("Research"):
    state = {

    }
    workflow = workflow_input.model_dump()
    conversation_history: list[TResponseInputItem] = [
      {
        "role": "user",
        "content": [
          {
            "type": "input_text",
            "text": workflow["input_as_text"]
          }
        ]
      }
    ]
    research_agent_result_temp = await Runner.run(
      research_agent,
      input=[
        *conversation_history
      ],
      run_config=RunConfig(trace_metadata={
        "__trace_source__": "agent-builder",
        "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c74"
      })
    )

    conversation_history.extend([item.to_input_item() for item in research_agent_result_temp.new_items])

    research_agent_result = {
      "output_text": research_agent_result_temp.final_output_as(str)
    }
    return research_agent_result
